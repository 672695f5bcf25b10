/* chatmedic ad-block bait: an empty file at a path ad blockers block. It shows nothing. */
