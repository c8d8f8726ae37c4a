"""E-mail without a mail server: in production nothing reaches the log but the request's
reference (never an address or a private status link), and `check --deploy` says so."""

import os

import pytest
from django.conf import settings as django_settings
from django.core import mail as django_mail

from articles.support.mail_backends import UNCONFIGURED_BACKEND, MailServerNotConfigured
from tests.processes import run_django

TOKEN = "s3cretStatusToken0123456789"
ADDRESS = "visitor@example.com"
ACKNOWLEDGE = (
    "from articles.models import ContactRequest; from articles.support import mail\n"
    f"contact = ContactRequest(email={ADDRESS!r}, language='en', reference='R-7K3QX9TB')\n"
    f"print('sent:', mail.send_acknowledgement(contact, 'https://help.example.com/en/requests/{TOKEN}/'))"
)
DEPLOY_CHECK = "from django.core.management import call_command; call_command('check', '--deploy')"
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7#" + os.urandom(32).hex(),
    "DJANGO_ALLOWED_HOSTS": "help.example.com",
    "KB_HTTPS": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/4",
}


def test_production_without_a_mail_server_never_logs_a_private_link(tmp_path):
    result = run_django(ACKNOWLEDGE, KB_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert TOKEN not in output and ADDRESS not in output
    assert "sent: False" in result.stdout  # recorded as not sent, not as delivered
    assert "R-7K3QX9TB not sent: MailServerNotConfigured" in result.stderr


def test_development_prints_e_mails_to_the_console(tmp_path):
    result = run_django(ACKNOWLEDGE, KB_DATA_DIR=str(tmp_path), DJANGO_DEBUG="1")
    assert f"/en/requests/{TOKEN}/" in result.stdout and "sent: True" in result.stdout


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, UNCONFIGURED_BACKEND),
        ({"DJANGO_DEBUG": "1"}, "django.core.mail.backends.console.EmailBackend"),
        ({"EMAIL_HOST": "smtp.example.com"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_the_backend_follows_email_host_and_debug(tmp_path, env, backend):
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    assert run_django(code, KB_DATA_DIR=str(tmp_path), **env).stdout.strip() == backend


def test_check_deploy_warns_when_e_mail_is_not_configured(tmp_path):
    result = run_django(DEPLOY_CHECK, KB_DATA_DIR=str(tmp_path), **PRODUCTION)
    output = result.stdout + result.stderr
    assert "articles.W008" in output and "E-mail is not configured" in output
    assert "Set EMAIL_HOST" in output
    configured = run_django(
        DEPLOY_CHECK, KB_DATA_DIR=str(tmp_path), **PRODUCTION, EMAIL_HOST="smtp.example.com"
    )
    assert "articles.W008" not in configured.stdout + configured.stderr


def test_check_deploy_warns_louder_when_e_mail_goes_to_the_console(tmp_path):
    console = "django.core.mail.backends.console.EmailBackend"
    result = run_django(
        DEPLOY_CHECK, KB_DATA_DIR=str(tmp_path), **PRODUCTION, EMAIL_BACKEND=console
    )
    output = result.stdout + result.stderr
    assert "articles.W008" in output and "private status link goes into the server log" in output


def test_the_backend_refuses_or_logs_without_addresses(settings, caplog):
    settings.EMAIL_BACKEND = UNCONFIGURED_BACKEND
    message = django_mail.EmailMessage(
        f"Your link https://h/en/requests/{TOKEN}/", "body", to=[ADDRESS]
    )
    with pytest.raises(MailServerNotConfigured):
        message.send()
    assert django_mail.get_connection(fail_silently=True).send_messages([message]) == 0
    assert TOKEN not in caplog.text and ADDRESS not in caplog.text
    assert "E-mail not sent (set EMAIL_HOST): Your link https://h/en/requests/…/" in caplog.text


def test_the_demo_prints_e_mails_for_its_own_process(settings):
    from articles.management.commands.demo import print_emails_here

    settings.EMAIL_BACKEND = UNCONFIGURED_BACKEND
    print_emails_here()
    assert django_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
