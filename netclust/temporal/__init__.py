"""How a cluster changes over time: one network per period, indicators, churn, tracking.

Examples
--------
>>> from netclust.temporal import split_periods
"""

from netclust.temporal.periods import (PeriodNetworks, firm_presence, rolling_windows,
                                       split_periods)
from netclust.temporal.tracking import (CommunityTracks, match_communities, temporal_partition,
                                        track_communities)

__all__ = ["PeriodNetworks", "split_periods", "rolling_windows", "firm_presence",
           "CommunityTracks", "match_communities", "track_communities", "temporal_partition"]
