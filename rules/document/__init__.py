"""The rules document: a treaty's rules as data (``vocabulary``), read strictly
(``reading``), with the period language its steps are written in (``steps``) and said back in
words (``words``)."""
