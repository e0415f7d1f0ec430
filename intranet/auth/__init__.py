"""Signing in and out: Microsoft Entra ID (or any OpenID Connect issuer) through
MSAL, and a development sign-in when SSO is not configured outside production."""
