"""The reading view: a post's Markdown drawn line by line.

``model`` holds what a parsed post is made of (blocks, anchors, matches);
``parsing`` turns markdown-it-py's tokens into blocks, ``loading`` cuts a long post
into parts and finds the search's matches, ``layout`` wraps the blocks for a width,
``tables`` fits tables to it, ``view`` draws the lines on screen (a line-API
``ScrollView``), and ``outline`` lists the headings.
"""
