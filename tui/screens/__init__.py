"""The modal screens of the blog-reader app, one per module."""
