"""The widgets of the blog-reader app, one per module."""
