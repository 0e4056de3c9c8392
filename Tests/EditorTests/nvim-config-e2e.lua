-- editors/nvim's setup, as a user loads it, drives the built policy-lsp on the sample document.
-- Run (see run-nvim-config.sh): POLICY_LSP=... POLICY_LSP_ROOT=<repo> nvim --headless -u NONE -i NONE -n \
--   -c "luafile Tests/EditorTests/nvim-config-e2e.lua" path/to/sample-policy-news.txt
-- Works on Neovim 0.7+. Exits 0 when every check passes, 1 otherwise.
local failures = 0
local function log(msg) io.stderr:write(msg .. '\n') end
local function check(ok, what)
  log((ok and 'ok   ' or 'FAIL ') .. what)
  if not ok then failures = failures + 1 end
  return ok
end
local function finish()
  if failures > 0 then log(failures .. ' check(s) failed'); vim.cmd('cquit 1')
  else log('all nvim config checks passed'); vim.cmd('qall!') end
end

local root = os.getenv('POLICY_LSP_ROOT')
vim.opt.runtimepath:prepend(root .. '/editors/nvim')
vim.cmd('filetype on')

local answered = nil
local default_configuration = vim.lsp.handlers['workspace/configuration']
vim.lsp.handlers['workspace/configuration'] = function(err, result, ctx, config)
  local answer = default_configuration(err, result, ctx, config)
  answered = answer
  return answer
end

-- The user's setup (README): only the binary and one rule differ from the defaults.
local policy_lsp = require('policy_lsp')
policy_lsp.setup({ cmd = { os.getenv('POLICY_LSP') }, settings = { policyLsp = { rules = { ['undefined-alias'] = 'hint' } } } })

-- The document was named on the command line before setup ran: re-detect its filetype to start the server.
vim.cmd('filetype detect')
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'text', 'the .txt document has filetype text: ' .. vim.bo[bufnr].filetype)

local client = nil
check(vim.wait(10000, function() client = policy_lsp.client(bufnr); return client ~= nil and client.initialized ~= false and client.server_capabilities ~= nil end, 20),
      'a policy_lsp client attached to the buffer')
if not client then return finish() end
check(client.config.root_dir == vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':p:h'),
      'root_dir is the file\'s directory (no .git): ' .. tostring(client.config.root_dir))
check(client.config.init_options and client.config.init_options.locale == 'zh' and client.config.init_options.diagnosticsDelayMs == 40,
      'initializationOptions carry the flat policyLsp settings')
-- Neovim advertises workspace/configuration from 0.8 on and the server then asks for the section; 0.7
-- pushes config.settings with workspace/didChangeConfiguration after initialize instead.
local asks = vim.wait(3000, function() return answered ~= nil end, 20)
local section = asks and answered[1] or (client.config.settings or {}).policyLsp or {}
log('     settings path: ' .. (asks and 'workspace/configuration' or 'didChangeConfiguration push'))
check(type(section) == 'table' and section.diagnosticsDelayMs == 40 and section.rules and section.rules['undefined-alias'] == 'hint'
      and section.inlayHints and section.inlayHints.figures == true,
      'the policyLsp section sent is the defaults merged with the user\'s rule: ' .. vim.inspect(section):gsub('%s+', ' '))

check(vim.fn.exists(':PolicyLspRelated') == 2 and vim.fn.exists(':PolicyLspRestart') == 2, 'user commands are defined')
check(type(vim.lsp.commands['policyLsp.showReferences']) == 'function', 'the code-lens command is handled on the client side')
if vim.fn.has('nvim-0.9') == 1 then
  local hl = vim.api.nvim_get_hl(0, { name = '@lsp.type.figure' })
  check(hl.link == 'Number', 'figures are highlighted as Number')
else
  log('     (Neovim < 0.9: no semantic tokens, highlight links skipped)')
end

-- Diagnostics reach vim.diagnostic (the sample has deliberate inconsistencies).
check(vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50),
      'diagnostics shown for the sample: ' .. #vim.diagnostic.get(bufnr))

-- Hover on a figure through the client.
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local line, col
for i, l in ipairs(lines) do
  local s = l:find('5000亿元', 1, true)
  if s then line = i - 1; col = vim.str_utfindex(l, s - 1) break end
end
local resp = client.request_sync('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = line, character = col + 1 } }, 5000, bufnr)
local hover = resp and resp.result
local text = hover and hover.contents and (hover.contents.value or hover.contents) or ''
if type(text) ~= 'string' then text = vim.inspect(text) end
check(text:find('5000', 1, true) ~= nil or text:find('5,000', 1, true) ~= nil,
      'hover on 5000亿元 shows the figure: ' .. text:sub(1, 120):gsub('\n', ' '))

local sr = client.request_sync('shutdown', nil, 5000, bufnr)
check(sr ~= nil and sr.err == nil, 'shutdown answered')
finish()
