" Vim's own LSP channel (job_start with in_mode/out_mode 'lsp') drives the built policy-lsp on the
" sample document and checks exact answers. Run (see run-vim.sh):
"   POLICY_LSP=... POLICY_LSP_DOC=.../sample-policy-news.txt POLICY_LSP_LOG=out.txt \
"     vim -Nu NONE -i NONE -es -S Tests/EditorTests/vim-lsp-channel.vim
" Writes one line per check to $POLICY_LSP_LOG and exits 0 when every check passes (1 otherwise).
vim9script

var log: list<string> = []
var failures = 0
def Check(ok: bool, what: string)
  add(log, (ok ? 'ok   ' : 'FAIL ') .. what)
  if !ok
    failures += 1
  endif
enddef
def Finish()
  add(log, failures > 0 ? printf('%d check(s) failed', failures) : 'all vim channel checks passed')
  writefile(log, $POLICY_LSP_LOG)
  if failures > 0
    cquit 1
  endif
  qall!
enddef

var notifications: list<dict<any>> = []
var server_requests: list<dict<any>> = []
var ch: channel
def OnMessage(_: channel, msg: dict<any>)
  if has_key(msg, 'id') && has_key(msg, 'method')
    add(server_requests, msg)
    # Answer workspace/configuration like a client with no policyLsp settings.
    ch_sendexpr(ch, {id: msg.id, result: msg.method == 'workspace/configuration' ? [v:null] : v:null})
  elseif has_key(msg, 'method')
    add(notifications, msg)
  endif
enddef
def WaitFor(Pred: func(): bool, ms: number): bool
  var waited = 0
  while !Pred() && waited < ms
    sleep 20m
    waited += 20
  endwhile
  return Pred()
enddef

var exit_status = -1
def OnExit(_: job, status: number)
  exit_status = status
enddef

var doc = $POLICY_LSP_DOC
var job = job_start([$POLICY_LSP], {in_mode: 'lsp', out_mode: 'lsp', err_mode: 'nl', err_io: 'null',
                                    callback: OnMessage, exit_cb: OnExit})
Check(job_status(job) == 'run', 'server job started: ' .. job_status(job))
ch = job_getchannel(job)

var init = ch_evalexpr(ch, {method: 'initialize', params: {
  processId: getpid(), rootUri: v:null, locale: 'zh',
  capabilities: {general: {positionEncodings: ['utf-16']}, workspace: {configuration: true},
                 textDocument: {hover: {contentFormat: ['markdown', 'plaintext']}}},
  initializationOptions: {diagnosticsDelayMs: 0}}}, {timeout: 10000})
var caps = get(get(init, 'result', {}), 'capabilities', {})
Check(get(get(init, 'result', {}), 'serverInfo', {})->get('name', '') == 'policy-lsp', 'serverInfo.name is policy-lsp')
Check(get(caps, 'positionEncoding', '') == 'utf-16', 'positionEncoding utf-16: ' .. string(get(caps, 'positionEncoding', '')))
Check(get(caps, 'textDocumentSync', {}) == {openClose: v:true, change: 2, save: {includeText: v:false}},
      'incremental sync with open/close and save: ' .. string(get(caps, 'textDocumentSync', {})))
Check(get(caps, 'hoverProvider', v:false) == v:true, 'hoverProvider')
Check(get(caps, 'documentSymbolProvider', v:false) == v:true, 'documentSymbolProvider')
ch_sendexpr(ch, {method: 'initialized', params: {}})
Check(WaitFor(() => len(filter(copy(server_requests), (_, r) => r.method == 'workspace/configuration')) > 0, 5000),
      'server asks for workspace/configuration after initialized')

var bytes = readfile(doc, 'b')
var lines = readfile(doc)
var uri = 'file://' .. doc
ch_sendexpr(ch, {method: 'textDocument/didOpen', params: {textDocument: {
  uri: uri, languageId: 'plaintext', version: 1, text: join(bytes, "\n")}}})

def Published(): list<any>
  var found = filter(copy(notifications), (_, n) => n.method == 'textDocument/publishDiagnostics' && n.params.uri == uri)
  return empty(found) ? [] : found[-1].params.diagnostics
enddef
Check(WaitFor(() => len(filter(copy(notifications), (_, n) => n.method == 'textDocument/publishDiagnostics')) > 0, 10000),
      'publishDiagnostics after didOpen')

# Position (0-based line, UTF-16 column) of the first occurrence of needle, plus char_offset characters.
def Locate(needle: string, char_offset: number = 0): dict<number>
  var i = 0
  for l in lines
    var b = stridx(l, needle)
    if b >= 0
      return {line: i, character: strchars(strpart(l, 0, b)) + char_offset}
    endif
    i += 1
  endfor
  return {line: -1, character: -1}
enddef

# Exact diagnostics on the deliberate inconsistencies of the sample (line-exact, with their codes).
var diags = Published()
add(log, '     codes: ' .. string(mapnew(diags, (_, d) => get(d, 'code', ''))))
for [needle, code] in [['2026—2024年', 'range-order'], ['112%', 'impossible-share']]
  var at = Locate(needle)
  var hits = filter(copy(diags), (_, d) => get(d, 'code', '') == code && d.range.start.line == at.line)
  Check(len(hits) == 1, printf('one %s diagnostic on line %d (%s)', code, at.line + 1, needle))
  if len(hits) == 1
    var r = hits[0].range
    Check(r.start.character <= at.character && (r.end.line > at.line || r.end.character >= at.character + strchars(needle) - 1),
          printf('%s range %s covers %s at %s', code, string(r), needle, string(at)))
    Check(get(hits[0], 'source', '') == 'policy-lsp', code .. ' source is policy-lsp: ' .. string(get(hits[0], 'source', '')))
  endif
endfor
for d in diags
  Check(index([1, 2, 3, 4], get(d, 'severity', 0)) >= 0 && type(get(d, 'message', 0)) == v:t_string && d.message != '',
        'diagnostic has a severity and a message: ' .. get(d, 'code', '?'))
endfor

# Hover on the title wrapped across two lines: exact range from 《 to after 》 on the next line.
var open = Locate('《江苏省光伏')
var close = Locate('发展行动方案（2024—2026年）》')
var hover = ch_evalexpr(ch, {method: 'textDocument/hover', params: {textDocument: {uri: uri},
  position: {line: open.line, character: open.character + 3}}}, {timeout: 5000})
var h = get(hover, 'result', v:null)
Check(type(h) == v:t_dict, 'hover on the wrapped title answered ' .. string(get(hover, 'error', '')))
if type(h) == v:t_dict
  Check(get(h.contents, 'kind', '') == 'markdown', 'hover is markdown')
  Check(stridx(get(h.contents, 'value', ''), '江苏省光伏产业高质量发展行动方案（2024—2026年）') >= 0,
        'hover shows the joined title: ' .. substitute(strcharpart(get(h.contents, 'value', ''), 0, 60), '\n', ' ', 'g'))
  var want = {start: {line: open.line, character: open.character},
              end: {line: close.line, character: close.character + strchars('发展行动方案（2024—2026年）》')}}
  Check(get(h, 'range', {}) == want, printf('hover range is exactly the title: %s, want %s', string(get(h, 'range', {})), string(want)))
endif

# Hover on a plain verb (the 发 of 印发, touching no entity): nothing.
var none = ch_evalexpr(ch, {method: 'textDocument/hover', params: {textDocument: {uri: uri},
  position: Locate('印发《江苏', 1)}}, {timeout: 5000})
Check(has_key(none, 'result') && none.result == v:null, 'no hover on a plain verb: ' .. substitute(string(get(none, 'result', 'missing')), '\n', ' ', 'g'))

# Outline: the title is a symbol.
var symbols = ch_evalexpr(ch, {method: 'textDocument/documentSymbol', params: {textDocument: {uri: uri}}}, {timeout: 5000})
var names: list<string> = []
def Walk(list: list<any>)
  for s in list
    add(names, s.name)
    Walk(get(s, 'children', []))
  endfor
enddef
Walk(type(get(symbols, 'result', v:null)) == v:t_list ? symbols.result : [])
Check(index(names, '《江苏省光伏产业高质量发展行动方案（2024—2026年）》') >= 0 || !empty(filter(copy(names), (_, n) => stridx(n, '江苏省光伏产业高质量发展行动方案') >= 0)),
      'documentSymbol lists the title: ' .. string(names[: 4]))

# An edit (incremental didChange) that removes the reversed range fixes its diagnostic.
var at = Locate('2026—2024年')
var had_range_order = !empty(filter(copy(diags), (_, d) => get(d, 'code', '') == 'range-order'))
ch_sendexpr(ch, {method: 'textDocument/didChange', params: {textDocument: {uri: uri, version: 2},
  contentChanges: [{range: {start: at, end: {line: at.line, character: at.character + strchars('2026—2024')}},
                    text: '2024—2026'}]}})
Check(had_range_order && WaitFor(() => empty(filter(Published(), (_, d) => get(d, 'code', '') == 'range-order')), 5000),
      'after fixing 2026—2024 the range-order diagnostic is gone')

var down = ch_evalexpr(ch, {method: 'shutdown'}, {timeout: 5000})
Check(has_key(down, 'result') && down.result == v:null, 'shutdown answered null')
ch_sendexpr(ch, {method: 'exit'})
Check(WaitFor(() => exit_status >= 0, 5000) && exit_status == 0, 'server exits with status 0 after exit: ' .. exit_status)
Finish()
