;;; emacs-eglot-e2e.el --- Emacs + eglot drive the built policy-lsp  -*- lexical-binding: t; -*-
;;
;; Run (see run-emacs.sh, which copies the document to a scratch directory first):
;;   POLICY_LSP=path/to/policy-lsp POLICY_LSP_DOC=path/to/sample-policy-news.txt \
;;     emacs -Q --batch -l editors/emacs/policy-lsp.el -l Tests/EditorTests/emacs-eglot-e2e.el
;; Registers the server with editors/emacs/policy-lsp.el exactly as a user would, opens the sample
;; document in text-mode, starts eglot and checks: connection, configuration, diagnostics in flymake,
;; hovers (title split across lines, abbreviation, figure) and a clean shutdown.
;; Exits 0 when every check passes, 1 otherwise.

(require 'cl-lib)
;; `emacs -Q' skips Debian's site start-up, which activates elpa-eglot: put it on the load path.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'flymake)

(defvar e2e-failures 0)
(defun e2e-check (ok what)
  (message "%s %s" (if ok "ok  " "FAIL") what)
  (unless ok (cl-incf e2e-failures))
  ok)
(defun e2e-wait (predicate seconds)
  "Process output until PREDICATE is non-nil or SECONDS pass; PREDICATE's value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))
(defun e2e-finish ()
  (message (if (> e2e-failures 0) "%d check(s) failed" "all emacs checks passed") e2e-failures)
  (kill-emacs (if (> e2e-failures 0) 1 0)))

(defconst e2e-known-codes
  '("unbalanced-mark" "sum-mismatch" "ratio-mismatch" "difference-mismatch" "growth-mismatch"
    "direction-mismatch" "count-mismatch" "list-length-mismatch" "conflicting-figure" "impossible-date"
    "range-order" "impossible-share" "undefined-alias" "alias-conflict"))

;; Observe what eglot receives, without changing what it does with it.
(defvar e2e-published nil "Diagnostics of the last publishDiagnostics notification.")
(defvar e2e-configuration-answers nil "What eglot answered to workspace/configuration.")
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq e2e-published (plist-get params :diagnostics)))))
(advice-add 'eglot-handle-request :around
            (lambda (orig server method &rest params)
              (let ((answer (apply orig server method params)))
                (when (eq method 'workspace/configuration) (push answer e2e-configuration-answers))
                answer)))

(let ((server-binary (getenv "POLICY_LSP"))
      (doc (getenv "POLICY_LSP_DOC")))
  (unless (and server-binary doc (file-executable-p server-binary) (file-readable-p doc))
    (message "FAIL POLICY_LSP (%s) and POLICY_LSP_DOC (%s) must name the binary and a document" server-binary doc)
    (kill-emacs 1))
  ;; The user's setup, as editors/emacs/README.md describes it.
  (setq policy-lsp-server-command (list server-binary))
  (setq policy-lsp-rules '((undefined-alias . "hint")))
  (policy-lsp-eglot-setup)
  (setq eglot-autoreconnect nil)

  (find-file doc)
  (e2e-check (eq major-mode 'text-mode) (format "the .txt document opens in text-mode (%s)" major-mode))
  (condition-case err
      (apply #'eglot (eglot--guess-contact))
    (error (e2e-check nil (format "eglot started: %S" err)) (e2e-finish)))
  (let ((server (e2e-wait #'eglot-current-server 15)))
    (e2e-check server "eglot connected and manages the buffer")
    (unless server (e2e-finish))
    (e2e-check (equal (plist-get (eglot--server-info server) :name) "policy-lsp")
               (format "serverInfo names policy-lsp (%S)" (eglot--server-info server)))
    (e2e-check (equal (eglot--language-id server) "plaintext") "text-mode is sent as languageId plaintext")

    ;; The server asks for the policyLsp section after `initialized'; eglot answers from policy-lsp.el.
    (e2e-check (e2e-wait (lambda () e2e-configuration-answers) 10) "server asked for workspace/configuration")
    (let ((answer (car e2e-configuration-answers)))
      (e2e-check (and (vectorp answer) (> (length answer) 0)
                      (equal (plist-get (aref answer 0) :diagnosticsDelayMs) 40)
                      (equal (plist-get (plist-get (aref answer 0) :rules) :undefined-alias) "hint"))
                 (format "the policyLsp section was answered with the user's settings: %S" answer)))

    ;; Diagnostics: the sample has deliberate inconsistencies (a reversed range 2026—2024年, a 112% share,
    ;; 六大行动 with five listed, parts that do not add up).
    (e2e-check (e2e-wait (lambda () e2e-published) 15) "publishDiagnostics received")
    (let ((codes (delete-dups (mapcar (lambda (d) (format "%s" (plist-get d :code))) e2e-published))))
      (message "     diagnostic codes: %s" codes)
      (e2e-check (cl-intersection codes e2e-known-codes :test #'equal)
                 "the sample's inconsistencies are diagnosed with known codes"))
    (e2e-check (e2e-wait (lambda () (flymake-diagnostics)) 10)
               (format "diagnostics reach flymake in the buffer (%d)" (length (flymake-diagnostics))))

    (cl-flet ((hover-at (needle offset)
                ;; Hover at OFFSET characters into the first occurrence of NEEDLE, through eglot's own
                ;; position conversion (UTF-16 columns).
                (goto-char (point-min))
                (if (not (search-forward needle nil t))
                    (progn (e2e-check nil (format "%s is in the document" needle)) nil)
                  (goto-char (+ (match-beginning 0) offset))
                  (let* ((hover (condition-case err
                                    (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))
                                  (error (message "     hover at %s failed: %S" needle err) nil)))
                         (contents (and hover (plist-get hover :contents)))
                         (text (cond ((stringp contents) contents)
                                     ((consp contents) (plist-get contents :value))
                                     (t (format "%S" contents)))))
                    (list text (plist-get hover :range))))))
      ;; A title hard-wrapped across two lines: the hover joins it.
      (let* ((h (hover-at "《江苏省光伏" 3)) (text (car h)) (range (cadr h)))
        (e2e-check (and text (string-match-p "江苏省光伏产业高质量发展行动方案" text))
                   (format "hover on the wrapped title shows it joined: %s" (truncate-string-to-width (or text "") 100)))
        (e2e-check (and range (< (plist-get (plist-get range :start) :line) (plist-get (plist-get range :end) :line)))
                   (format "the title's hover range spans its two lines: %S" range)))
      ;; An abbreviation (以下简称《行动方案》) used later: the hover gives the full title.
      (let* ((h (hover-at "《行动方案》提出" 2)) (text (car h)))
        (e2e-check (and text (string-match-p "江苏省光伏产业高质量发展行动方案" text))
                   (format "hover on the abbreviation shows the full title: %s" (truncate-string-to-width (or text "") 100))))
      ;; A figure.
      (let* ((h (hover-at "5000亿元" 1)) (text (car h)))
        (e2e-check (and text (string-match-p "5000\\|5,000\\|五千" text))
                   (format "hover on the figure 5000亿元 shows its value: %s" (truncate-string-to-width (or text "") 100)))))

    ;; Shut down by hand: `eglot-shutdown' deletes the process right after sending `exit', which would
    ;; hide whether the server exits by itself, and with status 0.
    (let ((process (jsonrpc--process server)))
      (setf (eglot--shutdown-requested server) t)
      (e2e-check (null (condition-case err (jsonrpc-request server :shutdown nil :timeout 5)
                         (error (message "     shutdown failed: %S" err) err)))
                 "shutdown answered with null")
      (jsonrpc-notify server :exit nil)
      (e2e-wait (lambda () (not (process-live-p process))) 5)
      (e2e-check (and (eq (process-status process) 'exit) (eq (process-exit-status process) 0))
                 (format "after exit the server ends by itself with status 0 (%s %s)"
                         (process-status process) (process-exit-status process))))))

(e2e-finish)
