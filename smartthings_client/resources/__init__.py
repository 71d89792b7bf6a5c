"""Resource groups; reach them as attributes of a client (``st.devices``, ``st.locations``...)."""
