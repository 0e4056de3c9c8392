// PolicyBatch
