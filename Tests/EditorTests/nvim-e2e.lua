-- End-to-end test through a real editor: Neovim's built-in LSP client drives the built policy-lsp.
-- Run: POLICY_LSP=path/to/policy-lsp nvim --headless -u NONE -c "luafile Tests/EditorTests/nvim-e2e.lua" FILE
-- Works with Neovim 0.7+ (vim.lsp.start_client). Exits 0 when every check passes, 1 otherwise.

local server = os.getenv('POLICY_LSP') or '.build/debug/policy-lsp'
local failures = {}
local function log(msg) io.stderr:write(msg .. '\n') end
local function check(ok, what) if ok then log('ok   ' .. what) else log('FAIL ' .. what); table.insert(failures, what) end end
local function finish()
  if #failures > 0 then log(#failures .. ' check(s) failed'); vim.cmd('cquit 1') else log('all editor checks passed'); vim.cmd('qall!') end
end

local bufnr = vim.api.nvim_get_current_buf()
local got_diagnostics = false
local published = nil
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  got_diagnostics = true
  published = result
  return default_handler(err, result, ctx, config)
end

local client_id = vim.lsp.start_client({
  name = 'policy-lsp',
  cmd = { server },
  root_dir = vim.fn.getcwd(),
  on_exit = function(code) if code ~= 0 then log('server exited with ' .. code) end end,
})
check(client_id ~= nil, 'client started')
if not client_id then finish() return end
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)

check(vim.wait(10000, function() return client.initialized or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil) end, 20), 'initialized')
check(vim.wait(10000, function() return got_diagnostics end, 20), 'publishDiagnostics received after open')

-- Find the title split across a hard line break: 《山西省\n电子信息制造业2023年行\n动计划》.
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local title_line, title_col = nil, nil
for i, l in ipairs(lines) do
  local s = l:find('《山西省', 1, true)
  if s then title_line = i - 1; title_col = vim.str_utfindex(l, s - 1); break end
end
check(title_line ~= nil, 'corpus line with the split title located')

local encoding = client.offset_encoding or 'utf-16'
local function request(method, params)
  local resp = client.request_sync(method, params, 10000, bufnr)
  if not resp then return nil, 'timeout' end
  return resp.result, resp.err
end

if title_line then
  local col = title_col
  if encoding == 'utf-8' then col = #lines[title_line + 1]:sub(1, (lines[title_line + 1]:find('《山西省', 1, true)) - 1)
  elseif encoding == 'utf-32' then col = vim.str_utfindex(lines[title_line + 1], (lines[title_line + 1]:find('《山西省', 1, true)) - 1) end
  local hover, err = request('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = title_line, character = col + 1 },
  })
  check(err == nil and hover ~= nil, 'hover answered')
  local text = hover and hover.contents and (hover.contents.value or hover.contents) or ''
  if type(text) ~= 'string' then text = vim.inspect(text) end
  check(text:find('山西省电子信息制造业2023年行动计划', 1, true) ~= nil, 'hover shows the joined split title: ' .. text:sub(1, 120))
  check(hover and hover.range and hover.range.start.line == title_line and hover.range['end'].line == title_line + 2,
        'hover range spans the three source lines of the title')
end

local symbols, serr = request('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } })
check(serr == nil and type(symbols) == 'table' and #symbols > 0, 'documentSymbol answered with symbols')
local found = false
local function walk(list) for _, s in ipairs(list or {}) do
  if s.name:find('山西省电子信息制造业2023年行动计划', 1, true) then found = true end
  walk(s.children)
end end
walk(symbols)
check(found, 'outline lists the split title')

-- Extra checks a later feature adds register here (see nvim-e2e-extra.lua when present).
local extra = os.getenv('POLICY_LSP_NVIM_EXTRA')
if extra and extra ~= '' then
  local ok, fn = pcall(dofile, extra)
  if ok and type(fn) == 'function' then fn({ client = client, bufnr = bufnr, check = check, request = request, lines = lines, published = function() return published end })
  else check(false, 'extra checks loaded: ' .. tostring(fn)) end
end

local sr = client.request_sync('shutdown', nil, 5000, bufnr)
check(sr ~= nil and sr.err == nil, 'shutdown answered')
finish()
