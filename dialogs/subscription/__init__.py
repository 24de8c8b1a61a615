"""Opting out of SMS and back in, asked in words ("jeg vil ikke ha flere sms fra skolen")."""
