<#
  Installs or upgrades Whisper Control from its MSI without ever ending it mid-whisper
  (docs/deployment.md section 2). For SCCM/Intune as the install command, run as SYSTEM:
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File upgrade-when-idle.ps1 -Msi whisper-control-0.2.0-x64.msi
  Every running instance is asked to quit through %ProgramData%\WhisperControl\quit-for-upgrade and does
  so when its inspector is not monitoring anyone (main/updates/upgrade-request.ts). If one still runs after
  -TimeoutMinutes, nothing is installed and the script exits 1618 (retry later). It never stops a process.
#>
param(
  [Parameter(Mandatory = $true)] [string] $Msi,
  [int] $TimeoutMinutes = 10,
  [string] $Log = (Join-Path $env:TEMP 'whisper-control-msi.log')
)
$ErrorActionPreference = 'Stop'
$request = Join-Path $env:ProgramData 'WhisperControl\quit-for-upgrade'
function Test-Running { @(Get-CimInstance Win32_Process -Filter "Name = 'Whisper Control.exe'").Count -gt 0 }

if (Test-Running) {
  New-Item -ItemType Directory -Force -Path (Split-Path $request) | Out-Null
  New-Item -ItemType File -Force -Path $request | Out-Null
  $deadline = (Get-Date).AddMinutes($TimeoutMinutes)
  while ((Test-Running) -and ((Get-Date) -lt $deadline)) { Start-Sleep -Seconds 2 }
  if (Test-Running) {
    Remove-Item -Force -Path $request
    Write-Output 'Whisper Control is still in use (an inspector is monitoring a call). Nothing was installed; retry later.'
    exit 1618
  }
}
try {
  $arguments = @('/i', "`"$Msi`"", '/qn', '/norestart', 'MSIRESTARTMANAGERCONTROL=Disable', 'REBOOT=ReallySuppress', '/l*v', "`"$Log`"")
  $process = Start-Process -FilePath "$env:SystemRoot\System32\msiexec.exe" -ArgumentList $arguments -Wait -PassThru
  exit $process.ExitCode
} finally {
  Remove-Item -Force -ErrorAction SilentlyContinue -Path $request
}
