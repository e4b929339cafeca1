"""One meeting: planning and its lifecycle, the agenda, the notice, capture while it runs, the room view, ratings."""
