"""Metrics over a :class:`~netclust.model.MultilayerNetwork`: pure functions returning pandas objects."""
