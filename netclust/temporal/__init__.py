"""How a cluster changes over time: one network per period, indicators, churn, tracking.

Examples
--------
>>> from netclust.temporal import split_periods
"""

from netclust.temporal.periods import (PeriodNetworks, firm_presence, read_periods,
                                       rolling_windows, split_periods, undated_message)
from netclust.temporal.tracking import (CommunityTracks, match_communities, temporal_partition,
                                        track_communities)
from netclust.temporal.evolve import (WEB_INDICATORS, Evolution, anchor_trajectories, evolve,
                                      firm_changes, firm_positions, link_changes, per_period,
                                      period_indicators)
from netclust.temporal.simulate import (TemporalTables, parse_years, simulate_years,
                                        write_temporal_tables)

__all__ = ["TemporalTables", "simulate_years", "write_temporal_tables", "parse_years", "Evolution", "evolve", "period_indicators", "firm_changes", "link_changes",
           "anchor_trajectories", "firm_positions", "per_period", "WEB_INDICATORS", "PeriodNetworks", "split_periods", "read_periods", "undated_message", "rolling_windows", "firm_presence",
           "CommunityTracks", "match_communities", "track_communities", "temporal_partition"]
