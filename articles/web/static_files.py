"""Static files under names that carry their content's hash, served pre-compressed.

`collectstatic` (the demo, every deployment) writes each file of STATIC_ROOT under a
hashed name (`site.3f2a…c1.css`) with Brotli and gzip copies beside it, and a manifest;
WhiteNoise then serves the hashed names with a far-future `immutable` Cache-Control and
the copy the browser accepts (`Content-Encoding: br` or `gzip`). A new version of a file
is a new name, so no browser or CDN ever keeps an old one.

Before `collectstatic` has run (tests, a fresh checkout), and for a file added since its
last run, pages link the plain name, which WhiteNoise serves from the apps (its finders)
with a short cache lifetime.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed storage, falling back to plain names (above).

    References inside CSS (`url(…)`, `@import`) are rewritten to the hashed names; those
    inside JavaScript are not looked at: our scripts import nothing, and vendored ones
    name source maps that are not shipped (`//# sourceMappingURL=chart.umd.min.js.map`),
    which would make collectstatic fail.
    """

    patterns = tuple(
        (glob, rules) for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )  # fmt: skip

    def stored_name(self, name: str) -> str:
        """The hashed name of `name` from the manifest, or `name` itself when the
        manifest has no entry for it (collectstatic not run, or not since it was added)."""
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # missing from the manifest (manifest_strict): not collected yet
            return name
