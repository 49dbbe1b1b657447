-- The currency of the feed's prices at the health watch's last download (issue #21): a feed
-- whose prices change currency since step 6 is a warning. JSON of `conector_feed::FeedCurrency`;
-- NULL for a download from before it was kept.
ALTER TABLE health_feed ADD COLUMN currency_json TEXT;
