" policy-lsp for vim-lsp (https://github.com/prabirshrestha/vim-lsp). Source from your vimrc:
"   source ~/src/policy-lsp/editors/vim/vim-lsp.vim
" Settings: g:policy_lsp_settings (the server's policyLsp section), g:policy_lsp_executable.

let g:policy_lsp_settings = get(g:, 'policy_lsp_settings', {
\ 'diagnosticsDelayMs': 40, 'logToClient': v:false, 'locale': 'zh', 'rules': {},
\ 'inlayHints': {'figures': v:true, 'abbreviations': v:true}})

function! s:PolicyLspRoot(server_info) abort
  let l:git = lsp#utils#find_nearest_parent_directory(lsp#utils#get_buffer_path(), '.git/')
  return lsp#utils#path_to_uri(empty(l:git) ? expand('%:p:h') : fnamemodify(l:git, ':h'))
endfunction

function! s:PolicyLspRegister() abort
  let l:exe = get(g:, 'policy_lsp_executable', 'policy-lsp')
  if !executable(l:exe)
    return
  endif
  call lsp#register_server({
  \ 'name': 'policy-lsp',
  \ 'cmd': {server_info -> [l:exe]},
  \ 'allowlist': ['text', 'markdown'],
  \ 'root_uri': function('s:PolicyLspRoot'),
  \ 'languageId': {server_info -> &filetype ==# 'markdown' ? 'markdown' : 'plaintext'},
  \ 'initialization_options': g:policy_lsp_settings,
  \ 'workspace_config': {'policyLsp': g:policy_lsp_settings},
  \ })
endfunction

augroup policy_lsp_vim_lsp
  autocmd!
  autocmd User lsp_setup call s:PolicyLspRegister()
augroup END
