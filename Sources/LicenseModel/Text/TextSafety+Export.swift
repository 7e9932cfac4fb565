// Every user of the license model shows its text, so the one safe-text rule comes with it.
@_exported import TextSafety
