-- Extra Neovim checks for the reading features (hover on a figure, go-to-definition on an abbreviation,
-- references). Loaded by nvim-e2e.lua when POLICY_LSP_NVIM_EXTRA points here; runs on corpus 000.
return function(ctx)
  local client, bufnr, check, request, lines = ctx.client, ctx.bufnr, ctx.check, ctx.request, ctx.lines
  local encoding = client.offset_encoding or 'utf-16'
  local uri = vim.uri_from_bufnr(bufnr)

  -- Column of byte index `byte` (0-based) on line `l` (0-based) in the negotiated encoding.
  local function col(l, byte)
    local text = lines[l + 1]
    if encoding == 'utf-8' then return byte end
    local utf32, utf16 = vim.str_utfindex(text, byte)
    if encoding == 'utf-32' then return utf32 end
    return utf16
  end
  local function find(needle, from)
    for i = (from or 1), #lines do
      local s = lines[i]:find(needle, 1, true)
      if s then return i - 1, s - 1 end
    end
  end
  local function pos(l, byte) return { textDocument = { uri = uri }, position = { line = l, character = col(l, byte) } } end

  -- Hover on 1697.2 亿元: the exact value in 元.
  local fl, fb = find('1697.2')
  check(fl ~= nil, 'extra: corpus line with 1697.2 亿元 located')
  if fl then
    local hover, err = request('textDocument/hover', pos(fl, fb + 2))
    local text = hover and hover.contents and (hover.contents.value or '') or ''
    check(err == nil and text:find('169,720,000,000', 1, true) ~= nil, 'extra: figure hover shows 169,720,000,000: ' .. text:sub(1, 160))
    check(text:find('亿', 1, true) ~= nil, 'extra: figure hover names the scale')
  end

  -- Definition on the abbreviation 《行动计划》 (a use far from its definition): lands on the full title
  -- 《山西省…行动计划》, which starts on the line holding 《山西省.
  local al, ab = find('《行动计划》')
  local tl, tb = find('《山西省')
  check(al ~= nil and tl ~= nil, 'extra: abbreviation use and full title located')
  if al and tl then
    local defs, err = request('textDocument/definition', pos(al, ab + 3))
    local first = defs and (defs[1] or defs) or nil
    check(err == nil and first ~= nil and first.range ~= nil, 'extra: definition answered')
    if first and first.range then
      check(first.range.start.line == tl and first.range.start.character == col(tl, tb),
            string.format('extra: definition of 《行动计划》 is the 山西 title at %d:%d (got %d:%d)', tl, col(tl, tb),
                          first.range.start.line, first.range.start.character))
    end

    -- References from the full title: the title itself, the definition and the uses.
    local refs, rerr = request('textDocument/references',
      { textDocument = { uri = uri }, position = { line = tl, character = col(tl, tb) + 1 }, context = { includeDeclaration = true } })
    check(rerr == nil and type(refs) == 'table' and #refs >= 3, 'extra: references list the title and its abbreviation uses (' .. tostring(refs and #refs) .. ')')
    local has_use = false
    for _, r in ipairs(refs or {}) do if r.range.start.line == al then has_use = true end end
    check(has_use, 'extra: references include the 《行动计划》 use on line ' .. al)
  end
end
