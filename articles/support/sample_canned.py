"""The demo's canned replies (`manage.py demo`): a greeting and a closing in every
language, and one reply in English only, so the composer shows its English fallback.

Texts agree with the sample content (../shared/CONTENT_FACTS.md): no promise it does not
make. A key already present in a language (an editor's own) is left as it is.
"""

from django.db import transaction

from articles.models import CannedReply

# key → {language: (title, text)}
REPLIES = {
    "greeting": {
        "en": ("Greeting", "Hello, thank you for contacting OKPay support. Let me look into this."),
        "zh-hans": ("问候", "您好，感谢您联系 OKPay 客服。我来为您查看一下。"),
        "ru": (
            "Приветствие",
            "Здравствуйте! Спасибо, что обратились в поддержку OKPay. Сейчас разберусь.",
        ),
        "es": ("Saludo", "Hola, gracias por contactar con el soporte de OKPay. Voy a revisarlo."),
        "ar": ("تحية", "مرحبًا، شكرًا لتواصلك مع دعم OKPay. دعني أتحقق من الأمر."),
    },
    "closing": {
        "en": ("Closing", "Is there anything else I can help you with today?"),
        "zh-hans": ("结束语", "今天还有其他可以帮您的吗？"),
        "ru": ("Завершение", "Могу ли я ещё чем-нибудь помочь?"),
        "es": ("Despedida", "¿Puedo ayudarte con algo más hoy?"),
        "ar": ("ختام", "هل هناك أي شيء آخر يمكنني مساعدتك فيه اليوم؟"),
    },
    "describe-problem": {
        "en": (
            "Ask for details",
            "To help you faster, please tell me the date, the amount and the last four "
            "digits of the card, and attach a screenshot of the error if you have one.",
        ),
    },
}


@transaction.atomic
def seed_canned_replies() -> int:
    """Add the demo's canned replies that are missing; return how many were added."""
    added = 0
    for key, texts in REPLIES.items():
        for language, (title, body) in texts.items():
            _reply, created = CannedReply.objects.get_or_create(
                key=key, language=language, defaults={"title": title, "body": body}
            )
            added += created
    return added
