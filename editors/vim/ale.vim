" policy-lsp for ALE (https://github.com/dense-analysis/ale; Debian: vim-ale).
" Source this file from your vimrc after ALE is on 'runtimepath', e.g.
"   source ~/src/policy-lsp/editors/vim/ale.vim
" or copy it to ~/.vim/plugin/. It defines the linter `policy_lsp` for text and markdown buffers.
"
" Options (set before sourcing, or per buffer as b:…):
"   g:ale_policy_lsp_executable   the binary (default 'policy-lsp', looked up on $PATH)
"   g:ale_policy_lsp_options      server settings, e.g. {'locale': 'en', 'rules': {'undefined-alias': 'hint'}}
" The settings are sent at start-up (initializationOptions) and whenever they change
" (workspace/didChangeConfiguration with the `policyLsp` section).

if exists('g:loaded_policy_lsp_ale') || empty(globpath(&runtimepath, 'autoload/ale/linter.vim'))
  finish
endif
let g:loaded_policy_lsp_ale = 1

call ale#Set('policy_lsp_executable', 'policy-lsp')
call ale#Set('policy_lsp_options', {})

function! s:ProjectRoot(buffer) abort
  " The nearest directory with .git, else the file's own directory (ALE needs a root to start an LSP).
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return !empty(l:git) ? fnamemodify(l:git, ':h:h') : fnamemodify(bufname(a:buffer), ':p:h')
endfunction

for s:filetype in ['text', 'markdown']
  call ale#linter#Define(s:filetype, {
  \   'name': 'policy_lsp',
  \   'lsp': 'stdio',
  \   'executable': {b -> ale#Var(b, 'policy_lsp_executable')},
  \   'command': '%e',
  \   'project_root': function('s:ProjectRoot'),
  \   'language': {b -> getbufvar(b, '&filetype') is# 'markdown' ? 'markdown' : 'plaintext'},
  \   'initialization_options': {b -> ale#Var(b, 'policy_lsp_options')},
  \   'lsp_config': {b -> {'policyLsp': ale#Var(b, 'policy_lsp_options')}},
  \})
endfor
unlet s:filetype
