"""The demo's channel configuration (`manage.py demo`), in every language, agreeing with the
sample content (../shared/CONTENT_FACTS.md): the site's own live chat (/<lang>/chat/), e-mail
within 48 hours (complex cases 1–3 working days), phone lines with opening hours, official
social accounts, and the live chat's opening hours with the coming holidays.
Addresses use the reserved `.example` domain and fictional numbers.
"""

from datetime import date, time

from django.db import transaction

from articles.models import ChatSchedule, ContactChannels

EMAIL = "support@okpay.example"
SOCIAL = [
    ("X", "https://x.com/okpay_example"),
    ("Facebook", "https://www.facebook.com/okpay.example"),
]

# language → (form response, chat response, e-mail response)
PROMISES = {
    "en": (
        "We reply by e-mail within 48 hours; complex cases can take 1–3 working days.",
        "An agent usually answers within minutes; it can take longer at busy times.",
        "We reply within 48 hours; complex cases can take 1–3 working days.",
    ),
    "zh-hans": (
        "我们会在 48 小时内通过电子邮件回复；复杂问题可能需要 1–3 个工作日。",
        "客服通常几分钟内回复；高峰时段可能稍慢。",
        "我们会在 48 小时内回复；复杂问题可能需要 1–3 个工作日。",
    ),
    "ru": (
        "Мы ответим по электронной почте в течение 48 часов; сложные случаи — 1–3 рабочих дня.",
        "Специалист обычно отвечает за несколько минут; в часы пик — чуть дольше.",
        "Отвечаем в течение 48 часов; сложные случаи — 1–3 рабочих дня.",
    ),
    "es": (
        "Respondemos por correo en 48 horas; los casos complejos pueden tardar 1–3 días hábiles.",
        "Un agente suele responder en pocos minutos; en horas punta puede tardar algo más.",
        "Respondemos en 48 horas; los casos complejos pueden tardar 1–3 días hábiles.",
    ),
    "ar": (
        "نردّ عبر البريد الإلكتروني خلال 48 ساعة؛ وقد تستغرق الحالات المعقدة 1–3 أيام عمل.",
        "يردّ الموظف عادةً خلال دقائق؛ وقد يتأخر قليلًا في أوقات الذروة.",
        "نردّ خلال 48 ساعة؛ وقد تستغرق الحالات المعقدة 1–3 أيام عمل.",
    ),
}

# language → [(region, number, days, opens, closes, time zone)]
PHONES = {
    "en": [
        ("United Kingdom", "+44 20 7946 0123", "01234", time(8), time(20), "Europe/London"),
        ("United States", "+1 202 555 0143", "01234", time(9), time(18), "America/New_York"),
    ],
    "zh-hans": [("中国大陆", "+86 10 5555 0100", "0123456", time(9), time(21), "Asia/Shanghai")],
    "ru": [("Россия", "+7 495 555 01 23", "0123456", time(9), time(21), "Europe/Moscow")],
    "es": [
        ("España", "+34 910 555 012", "012345", time(9), time(19), "Europe/Madrid"),
        ("México", "+52 55 5555 0123", "01234", time(9), time(18), "America/Mexico_City"),
    ],
    "ar": [("الإمارات", "+971 4 555 0123", "60123", time(9), time(18), "Asia/Dubai")],
}


@transaction.atomic
def seed_channels() -> list[str]:
    """Give every language without a configuration the demo's; return those languages.

    A language already configured (by an operator in the admin) is left exactly as it is.
    """
    seeded = []
    for language, (form, chat, email) in PROMISES.items():
        channels, created = ContactChannels.objects.get_or_create(
            language=language,
            defaults={
                "form_response_time": form,
                "chat_enabled": True,  # the site's own chat; no chat elsewhere
                "chat_response_time": chat,
                "email": EMAIL,
                "email_response_time": email,
            },
        )
        if not created:
            continue
        for position, (region, number, days, opens, closes, zone) in enumerate(PHONES[language]):
            channels.phone_lines.create(
                region=region, number=number, days=days, opens=opens, closes=closes,
                time_zone=zone, position=position,
            )  # fmt: skip
        for position, (network, url) in enumerate(SOCIAL):
            channels.social_accounts.create(network=network, url=url, position=position)
        seeded.append(language)
    return seeded


# The live chat's hours: language → (time zone, [(weekdays, opens, closes)], [exceptions]);
# an exception is (date, opens, closes, note), opens None for a day closed.
CHAT_HOURS = {
    "en": (
        "Europe/London",
        [("01234", time(8), time(20)), ("5", time(9), time(17))],
        [
            (date(2026, 12, 24), time(8), time(14), "Christmas Eve"),
            (date(2026, 12, 25), None, None, "Christmas Day"),
            (date(2026, 12, 26), None, None, "Boxing Day"),
            (date(2027, 1, 1), None, None, "New Year's Day"),
        ],
    ),
    "zh-hans": (
        "Asia/Shanghai",
        [("0123456", time(9), time(21))],
        [
            (date(2027, 1, 1), None, None, "元旦"),
            (date(2027, 2, 6), None, None, "春节"),
            (date(2027, 2, 7), time(10), time(16), "春节"),
        ],
    ),
    "ru": (
        "Europe/Moscow",
        [("0123456", time(9), time(21))],
        [
            (date(2027, 1, 1), None, None, "Новый год"),
            (date(2027, 1, 7), None, None, "Рождество Христово"),
        ],
    ),
    "es": (
        "Europe/Madrid",
        [("012345", time(9), time(19))],
        [
            (date(2026, 12, 25), None, None, "Navidad"),
            (date(2027, 1, 1), None, None, "Año Nuevo"),
            (date(2027, 1, 6), None, None, "Epifanía del Señor"),
        ],
    ),
    "ar": (
        "Asia/Dubai",
        [("60123", time(9), time(18))],
        [(date(2027, 1, 1), None, None, "رأس السنة الميلادية")],
    ),
}


@transaction.atomic
def seed_chat_hours() -> list[str]:
    """Give every language without chat opening hours the demo's; return those languages.

    A language already scheduled (by an editor in the admin) is left exactly as it is.
    """
    seeded = []
    for language, (zone, weekly, exceptions) in CHAT_HOURS.items():
        schedule, created = ChatSchedule.objects.get_or_create(
            language=language, defaults={"time_zone": zone}
        )
        if not created:
            continue
        for days, opens, closes in weekly:
            for day in days:
                schedule.hours.create(weekday=int(day), opens=opens, closes=closes)
        for day, opens, closes, note in exceptions:
            schedule.exceptions.create(
                date=day, closed=opens is None, opens=opens, closes=closes, note=note
            )
        seeded.append(language)
    return seeded
