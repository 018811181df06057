; Included by electron-builder's NSIS installer and uninstaller (electron-builder.yml, nsis.include).
; Replaces electron-builder's default "close the running app" step, which ends the process. Here the
; running Whisper Control is ASKED to quit, through the file %ProgramData%\WhisperControl\quit-for-upgrade:
; every running instance (one per signed-in inspector) quits as soon as its inspector is not monitoring
; anyone (main/updates/upgrade-request.ts). It is never ended from here. If an instance still runs after
; 10 minutes (an inspector still whispering), nothing is changed: the request is withdrawn and the setup
; ends with exit code 1618 (retry later), which SCCM and Intune retry. docs/deployment.md section 2.
!macro customCheckAppRunning
  !insertmacro IS_POWERSHELL_AVAILABLE
  ReadEnvStr $R2 "PROGRAMDATA"
  StrCpy $R3 "$R2\WhisperControl\quit-for-upgrade"
  !insertmacro FIND_PROCESS "${APP_EXECUTABLE_FILENAME}" $R0
  ${if} $R0 == 0
    CreateDirectory "$R2\WhisperControl"
    FileOpen $R4 "$R3" w
    FileClose $R4
    DetailPrint "Waiting for Whisper Control to quit (it does when no inspector is monitoring a call)..."
    StrCpy $R1 0
    wcWaitForQuit:
      Sleep 1000
      IntOp $R1 $R1 + 1
      !insertmacro FIND_PROCESS "${APP_EXECUTABLE_FILENAME}" $R0
      ${if} $R0 == 0
        ${if} $R1 < 600
          Goto wcWaitForQuit
        ${endIf}
        Delete "$R3"
        MessageBox MB_OK|MB_ICONEXCLAMATION "Whisper Control is still in use: an inspector is monitoring a call. Nothing was changed; try again later." /SD IDOK
        SetErrorLevel 1618
        Quit
      ${endIf}
    Delete "$R3"
  ${endIf}
!macroend
