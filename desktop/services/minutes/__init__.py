"""The minutes: what they say (data), the PDF, versions and signing, copies per recipient, verification and the handover."""
