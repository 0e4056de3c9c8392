;;; policy-lsp.el --- Use policy-lsp with eglot or lsp-mode  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers the `policy-lsp' language server (Chinese policy documents: titles 《…》, abbreviations,
;; figures, dates, organizations, inconsistent figures) for plain-text and Markdown buffers.
;;
;; eglot (built into Emacs 29, `elpa-eglot' on Debian for Emacs 28):
;;
;;   (require 'policy-lsp)
;;   (policy-lsp-eglot-setup)
;;   (add-hook 'text-mode-hook #'eglot-ensure)   ; or M-x eglot in a buffer
;;
;; lsp-mode:
;;
;;   (require 'policy-lsp)
;;   (policy-lsp-lsp-mode-setup)
;;   (add-hook 'text-mode-hook #'lsp-deferred)
;;
;; Settings are the `policy-lsp-*' options below (M-x customize-group RET policy-lsp); both clients
;; send them as the `policyLsp' section of `workspace/configuration'.

;;; Code:

(require 'cl-lib)

(defgroup policy-lsp nil
  "The policy-lsp language server for Chinese policy documents."
  :group 'tools
  :prefix "policy-lsp-")

(defcustom policy-lsp-server-command '("policy-lsp")
  "Command line that starts the server on stdio.
Use an absolute path when `policy-lsp' is not on `exec-path'."
  :type '(repeat string))

(defcustom policy-lsp-modes
  '((text-mode . "plaintext") (markdown-mode . "markdown") (gfm-mode . "markdown"))
  "Major modes to run the server in, with the LSP language id each is sent as.
Modes derived from these (e.g. `org-mode' from `text-mode') also match,
unless another server claims them first."
  :type '(alist :key-type symbol :value-type string))

(defcustom policy-lsp-diagnostics-delay-ms 40
  "Milliseconds the server waits after an edit before analysing."
  :type 'integer)

(defcustom policy-lsp-log-to-client nil
  "Non-nil forwards the server's log to the client (window/logMessage)."
  :type 'boolean)

(defcustom policy-lsp-locale "zh"
  "Language of hovers and diagnostic messages."
  :type '(choice (const "zh") (const "en")))

(defcustom policy-lsp-rules nil
  "Severity per diagnostic code, as an alist of (CODE . SEVERITY).
CODE is a symbol such as `sum-mismatch'; SEVERITY one of \"off\",
\"error\", \"warning\", \"information\" or \"hint\".
Codes: unbalanced-mark, sum-mismatch, ratio-mismatch, difference-mismatch,
growth-mismatch, direction-mismatch, count-mismatch, list-length-mismatch,
conflicting-figure, impossible-date, range-order, impossible-share,
undefined-alias, alias-conflict."
  :type '(alist :key-type symbol
                :value-type (choice (const "off") (const "error") (const "warning")
                                    (const "information") (const "hint"))))

(defcustom policy-lsp-inlay-hints-figures t
  "Non-nil shows the value of figures such as 三方面 or 近千家 as inlay hints."
  :type 'boolean)

(defcustom policy-lsp-inlay-hints-abbreviations t
  "Non-nil shows the full title after an abbreviation as an inlay hint."
  :type 'boolean)

(defun policy-lsp--json-bool (value)
  "VALUE as a JSON boolean for jsonrpc's encoder."
  (if value t :json-false))

(defun policy-lsp-settings ()
  "The server's settings (the `policyLsp' section) as a plist."
  (list :diagnosticsDelayMs policy-lsp-diagnostics-delay-ms
        :logToClient (policy-lsp--json-bool policy-lsp-log-to-client)
        :locale policy-lsp-locale
        ;; A plist with keyword keys encodes as a JSON object; nil would encode as null.
        :rules (or (cl-loop for (code . severity) in policy-lsp-rules
                            append (list (intern (format ":%s" code)) severity))
                   (make-hash-table))
        :inlayHints (list :figures (policy-lsp--json-bool policy-lsp-inlay-hints-figures)
                          :abbreviations (policy-lsp--json-bool policy-lsp-inlay-hints-abbreviations))))

;;;; eglot

(defvar eglot-server-programs)
(defvar eglot-workspace-configuration)

(defvar policy-lsp--eglot-previous-configuration nil
  "The default `eglot-workspace-configuration' before `policy-lsp-eglot-setup'.")

(defun policy-lsp--eglot-workspace-configuration (server)
  "The user's workspace configuration for SERVER plus the `policyLsp' section."
  (let ((user (if (functionp policy-lsp--eglot-previous-configuration)
                  (funcall policy-lsp--eglot-previous-configuration server)
                policy-lsp--eglot-previous-configuration)))
    (append (list :policyLsp (policy-lsp-settings))
            (cl-loop for (k v) on user by #'cddr unless (eq k :policyLsp) append (list k v)))))

;;;###autoload
(defun policy-lsp-eglot-setup ()
  "Register policy-lsp with eglot: server program and workspace configuration.
The entry is appended, so servers already registered for a mode derived from
`text-mode' (LaTeX, reStructuredText…) keep it."
  (interactive)
  (require 'eglot)
  (let ((entry (cons (mapcar (lambda (m) (list (car m) :language-id (cdr m))) policy-lsp-modes)
                     policy-lsp-server-command)))
    (setq eglot-server-programs
          (append (cl-remove-if (lambda (e) (equal (cdr e) policy-lsp-server-command)) eglot-server-programs)
                  (list entry))))
  (unless (eq (default-value 'eglot-workspace-configuration) #'policy-lsp--eglot-workspace-configuration)
    (setq policy-lsp--eglot-previous-configuration (default-value 'eglot-workspace-configuration))
    (setq-default eglot-workspace-configuration #'policy-lsp--eglot-workspace-configuration)))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-activate-on "lsp-mode")
(declare-function lsp-register-custom-settings "lsp-mode")
(defvar lsp-language-id-configuration)

;;;###autoload
(defun policy-lsp-lsp-mode-setup ()
  "Register policy-lsp as an lsp-mode client.
It is an add-on client, so it runs beside another server such as marksman."
  (interactive)
  (require 'lsp-mode)
  (dolist (m policy-lsp-modes)
    (unless (assq (car m) lsp-language-id-configuration)
      (add-to-list 'lsp-language-id-configuration m t)))
  (lsp-register-custom-settings
   '(("policyLsp.diagnosticsDelayMs" policy-lsp-diagnostics-delay-ms)
     ("policyLsp.logToClient" policy-lsp-log-to-client t)
     ("policyLsp.locale" policy-lsp-locale)
     ("policyLsp.rules" policy-lsp-rules)
     ("policyLsp.inlayHints.figures" policy-lsp-inlay-hints-figures t)
     ("policyLsp.inlayHints.abbreviations" policy-lsp-inlay-hints-abbreviations t)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () policy-lsp-server-command))
    :activation-fn (lsp-activate-on "plaintext" "markdown")
    :server-id 'policy-lsp
    :add-on? t
    :priority -2
    ;; The server asks for the `policyLsp' section (workspace/configuration) once initialized;
    ;; lsp-mode answers it from the custom settings registered above.
    :initialization-options (lambda () (policy-lsp-settings)))))

(provide 'policy-lsp)
;;; policy-lsp.el ends here
