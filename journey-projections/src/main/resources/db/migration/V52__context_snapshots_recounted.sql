-- The context now counts recent touchpoints per channel and day (CustomerContext.recentTouchpoints) instead of
-- listing each one. As-of snapshots are a pure cache of that fold: dropping the ones saved in the old shape makes
-- every as-of read equal to a fold from scratch again, at the cost of one full fold per customer on its next as-of
-- read. Live context documents keep their old entries (read as one touchpoint each) until they age out or a replay.
DELETE FROM context_snapshot;
