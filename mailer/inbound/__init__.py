"""The SMTP side: accept mail for our domain, store it durably, then hand it to the pipeline."""
