"""Reusable pieces of the screens: quorum meter, item timer."""
