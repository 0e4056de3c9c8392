print("policy-lsp")
