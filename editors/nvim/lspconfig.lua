-- nvim-lspconfig (before Neovim 0.11): register policy-lsp as a custom server, then set it up like any other.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.policy_lsp then
  configs.policy_lsp = {
    default_config = {
      cmd = { 'policy-lsp' },
      filetypes = { 'text', 'markdown' },
      root_dir = function(fname)
        return util.find_git_ancestor(fname) or vim.fn.fnamemodify(fname, ':p:h')
      end,
      single_file_support = true,
      settings = { policyLsp = { locale = 'zh', rules = vim.empty_dict() } },
    },
    docs = { description = 'policy-lsp: Chinese policy documents (titles, abbreviations, figures, dates).' },
  }
end

require('lspconfig').policy_lsp.setup({
  settings = {
    policyLsp = {
      diagnosticsDelayMs = 40,
      locale = 'zh',
      rules = { ['undefined-alias'] = 'hint' },
      inlayHints = { figures = true, abbreviations = true },
    },
  },
})
