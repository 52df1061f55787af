"""The pure domain: rules of procedure, events and session state. No UI, no storage, no clock."""
