import smtplib


def forward(message: str) -> None:
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("chat@acme.example", ["support@acme.example"], message)
