// PolicyServer
