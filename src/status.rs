//! Status pages (Atlassian Statuspage, incident.io) into `status` observations.
