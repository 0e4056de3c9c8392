-- Neovim 0.11+: with editors/nvim on 'runtimepath', `vim.lsp.enable('policy_lsp')` finds this file.
-- Override any field with vim.lsp.config('policy_lsp', { ... }).
return {
  cmd = { 'policy-lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { '.git', '.hg' },
  settings = {
    policyLsp = {
      diagnosticsDelayMs = 40,
      logToClient = false,
      locale = 'zh',
      rules = vim.empty_dict(),
      inlayHints = { figures = true, abbreviations = true },
    },
  },
  init_options = {
    diagnosticsDelayMs = 40,
    logToClient = false,
    locale = 'zh',
    rules = vim.empty_dict(),
    inlayHints = { figures = true, abbreviations = true },
  },
}
