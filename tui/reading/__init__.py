"""The reading view: a post's Markdown drawn line by line.

``parsing`` turns markdown-it-py's tokens into a list of blocks, ``layout`` wraps
them for a width, ``view`` draws the lines on screen (a line-API ``ScrollView``),
``loading`` runs the parse in a worker thread, and ``outline`` lists the headings.
"""
