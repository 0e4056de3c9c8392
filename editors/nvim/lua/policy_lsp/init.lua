-- policy-lsp for Neovim 0.7+ (vim.lsp.start_client), 0.8+ (vim.lsp.start) and 0.11+ (vim.lsp.config /
-- vim.lsp.enable). Put editors/nvim on 'runtimepath' (or copy lua/policy_lsp/ into your config) and call
--   require('policy_lsp').setup({ settings = { policyLsp = { locale = 'en' } } })
-- See editors/nvim/README.md.
local M = {}

local NAME = 'policy_lsp'

-- Semantic token highlights (Neovim 0.9+ names them @lsp.type.<type>, @lsp.mod.<modifier> and
-- @lsp.typemod.<type>.<modifier>). `default = true`: a colorscheme or the user can override them.
M.highlights = {
  ['@lsp.type.policy'] = 'Type',
  ['@lsp.type.alias'] = 'Constant',
  ['@lsp.type.programme'] = 'Function',
  ['@lsp.type.organization'] = 'Structure',
  ['@lsp.type.figure'] = 'Number',
  ['@lsp.type.date'] = 'Special',
  ['@lsp.typemod.policy.definition'] = 'Title',
  ['@lsp.typemod.alias.definition'] = 'Title',
  ['@lsp.mod.approximate'] = 'Comment',
  ['@lsp.mod.inconsistent'] = 'DiagnosticUnderlineError',
}

local function defaults()
  return {
    cmd = { 'policy-lsp' },
    filetypes = { 'text', 'markdown' },
    root_markers = { '.git', '.hg' },
    settings = {
      policyLsp = {
        diagnosticsDelayMs = 40,
        logToClient = false,
        locale = 'zh',
        rules = vim.empty_dict(), -- e.g. { ['undefined-alias'] = 'hint', ['range-order'] = 'off' }
        inlayHints = { figures = true, abbreviations = true },
      },
    },
  }
end

M.config = defaults()

local function has(version) return vim.fn.has('nvim-' .. version) == 1 end

local function set_highlights()
  if not has('0.9') then return end -- older versions have no semantic tokens (and reject '@' in names)
  for group, target in pairs(M.highlights) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
end

-- The project root for a buffer: the nearest directory holding a root marker, else the file's directory.
local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then found = vim.fn.findfile(marker, dir .. ';') end
    if found ~= '' then return vim.fn.fnamemodify(vim.fn.fnamemodify(found, ':p'):gsub('/$', ''), ':h') end
  end
  return dir
end

-- The client configuration shared by every way of starting the server.
function M.client_config(bufnr)
  local c = M.config
  return {
    name = NAME,
    cmd = c.cmd,
    root_dir = bufnr and root_dir(bufnr) or nil,
    settings = c.settings, -- answers workspace/configuration for the `policyLsp` section
    init_options = c.settings.policyLsp,
    on_attach = c.on_attach,
    capabilities = c.capabilities,
  }
end

local clients_by_root = {} -- Neovim 0.7 only: vim.lsp.start_client does not reuse clients

-- Starts (or reuses) the server for a buffer; returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.client_config(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

-- Running clients of this server (optionally only those attached to bufnr), on every version.
local function our_clients(bufnr)
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
  else
    list = vim.tbl_values(bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients())
  end
  return vim.tbl_filter(function(c) return c.name == NAME end, list)
end

-- Client methods: called with ':' since 0.11, with '.' before.
local function call(client, method, ...)
  if has('0.11') then return client[method](client, ...) end
  return client[method](...)
end

-- The running client attached to a buffer, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return our_clients(bufnr)[1]
end

-- Puts LSP locations in the location list and opens it.
local function show_locations(locations, client, title)
  if not locations or vim.tbl_isempty(locations) then
    vim.notify('policy-lsp: nothing found here (put the cursor on a policy title 《…》)', vim.log.levels.INFO)
    return
  end
  if locations.uri or locations.targetUri then locations = { locations } end
  local items = vim.lsp.util.locations_to_items(locations, client and client.offset_encoding or 'utf-16')
  vim.fn.setloclist(0, {}, ' ', { title = title, items = items })
  vim.cmd('lopen')
end

-- Related policies of the title under the cursor (textDocument/implementation), in the location list.
function M.related_policies()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    vim.notify('policy-lsp: not running in this buffer', vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  call(client, 'request', 'textDocument/implementation', params, function(err, result)
    if err then
      vim.notify('policy-lsp: ' .. tostring(err.message or err), vim.log.levels.ERROR)
      return
    end
    show_locations(result, client, 'Related policies')
  end, bufnr)
end

function M.restart()
  for _, client in ipairs(our_clients(nil)) do call(client, 'stop') end
  clients_by_root = {}
  vim.defer_fn(function()
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
        M.start(buf)
      end
    end
  end, 500)
end

-- opts: cmd, filetypes, root_markers, settings (merged into the defaults), on_attach, capabilities,
-- highlights (merged into M.highlights).
function M.setup(opts)
  opts = opts or {}
  M.config = vim.tbl_deep_extend('force', defaults(), opts)
  if opts.highlights then M.highlights = vim.tbl_extend('force', M.highlights, opts.highlights) end

  -- The server's code lens runs `policyLsp.showReferences` with (uri, position). Run it on the server
  -- (workspace/executeCommand) and put the locations it answers in the location list.
  vim.lsp.commands['policyLsp.showReferences'] = function(command, ctx)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    if not client then return end
    call(client, 'request', 'workspace/executeCommand', { command = command.command, arguments = command.arguments },
      function(err, result)
        if err then
          vim.notify('policy-lsp: ' .. tostring(err.message or err), vim.log.levels.ERROR)
          return
        end
        show_locations(result, client, 'Mentions')
      end, ctx.bufnr)
  end

  local group = vim.api.nvim_create_augroup('policy_lsp', { clear = true })
  set_highlights()
  vim.api.nvim_create_autocmd('ColorScheme', { group = group, callback = set_highlights })
  vim.api.nvim_create_user_command('PolicyLspRelated', M.related_policies, { desc = 'policy-lsp: related policies' })
  vim.api.nvim_create_user_command('PolicyLspRestart', M.restart, { desc = 'policy-lsp: restart the server' })

  if has('0.11') and vim.lsp.config and vim.lsp.enable then
    local c = M.client_config()
    c.name = nil
    c.root_dir = nil
    c.filetypes = M.config.filetypes
    c.root_markers = M.config.root_markers
    vim.lsp.config(NAME, c)
    vim.lsp.enable(NAME)
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args) M.start(args.buf) end,
  })
end

return M
