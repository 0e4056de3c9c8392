" policy-lsp for yegappan/lsp (https://github.com/yegappan/lsp, Vim 9). Source from your vimrc:
"   source ~/src/policy-lsp/editors/vim/yegappan-lsp.vim
" Settings: g:policy_lsp_settings (the server's policyLsp section), g:policy_lsp_executable.

let g:policy_lsp_settings = get(g:, 'policy_lsp_settings', {
\ 'diagnosticsDelayMs': 40, 'logToClient': v:false, 'locale': 'zh', 'rules': {},
\ 'inlayHints': {'figures': v:true, 'abbreviations': v:true}})

function! s:PolicyLspAdd() abort
  let l:exe = exepath(get(g:, 'policy_lsp_executable', 'policy-lsp'))
  if empty(l:exe)
    return
  endif
  call LspAddServer([{
  \ 'name': 'policy-lsp',
  \ 'filetype': ['text', 'markdown'],
  \ 'path': l:exe,
  \ 'args': [],
  \ 'initializationOptions': g:policy_lsp_settings,
  \ 'workspaceConfig': {'policyLsp': g:policy_lsp_settings},
  \ }])
endfunction

if exists('*LspAddServer')
  call s:PolicyLspAdd()
else
  augroup policy_lsp_yegappan
    autocmd!
    autocmd User LspSetup call s:PolicyLspAdd()
  augroup END
endif
