"""Renderers: turn core results into Rich renderables or text formats. Only this package imports rich."""
