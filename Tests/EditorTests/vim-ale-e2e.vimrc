" vimrc for run-vim-ale.sh: ALE from Debian's vim-ale plus editors/vim/ale.vim, as a user would set it up.
set nocompatible encoding=utf-8
set runtimepath^=/usr/share/vim-ale
filetype plugin on
syntax on
set signcolumn=yes laststatus=2 noswapfile shortmess+=I nowrap
let g:ale_linters = {'text': ['policy_lsp'], 'markdown': ['policy_lsp']}
let g:ale_linters_explicit = 1
let g:ale_policy_lsp_executable = $POLICY_LSP
" Turning a rule off through ALE proves the settings reach the server.
let g:ale_policy_lsp_options = {'diagnosticsDelayMs': 0, 'rules': {'impossible-share': 'off'}}
let g:ale_sign_error = 'E>'
let g:ale_sign_warning = 'W>'
let g:ale_sign_info = 'I>'
let g:ale_hover_to_preview = 1
execute 'source' fnameescape($POLICY_LSP_ROOT . '/editors/vim/ale.vim')
augroup policy_lsp_e2e
  autocmd!
  autocmd User ALELintPost call writefile([json_encode(ale#engine#GetLoclist(bufnr('')))], $E2E_DIR . '/loclist.json')
augroup END
