#!/usr/bin/env bash
# Refreshes docs/screenshots from the pictures the end-to-end tests took (target/e2e-screenshots,
# written by `scripts/test.sh` or `make test`): one picture per wizard step, the dashboard, the
# customers' data card and the health page. Fails, naming it, if a picture is missing — run the
# tests first. The README's "What it looks like" table shows these files.
set -euo pipefail
cd "$(dirname "$0")/.."
from=target/e2e-screenshots
to=docs/screenshots
# docs name <- test's name
pictures=(
  "00-boas-vindas wizard-00-welcome"
  "01-passo1-id-da-loja wizard-01-store-id"
  "02-passo2-api-publica wizard-02-api-access"
  "03-passo3-usuario wizard-03-service-user"
  "04-passo4-token wizard-04-token"
  "05-passo5-xml wizard-05-find-feed"
  "06-passo6-premios wizard-06-feed"
  "07-passo6-regra-de-pontos wizard-06-rewards"
  "08-passo7-painel wizard-07-panel"
  "09-passo8-plataforma wizard-08-platform"
  "10-passo9-formulario wizard-09-form"
  "11-passo9-status wizard-09-status-question"
  "12-passo9-resumo wizard-09-review"
  "13-passo10-lista wizard-10-simulation"
  "14-passo10-painel wizard-10-panel-steps"
  "15-passo10-registrado wizard-10-active"
  "16-simulacao wizard-dash-02-totals"
  "17-simulacao-custo wizard-dash-03-cost"
  "18-simulacao-emails wizard-dash-04-emails"
  "19-dados-dos-clientes dashboard-privacy"
  "20-saude health-02-token-revoked"
  "21-primeiras-72-horas health-06-first-hours"
  "23-remover-tudo about-03-remove-everything"
  "24-atualizacao-aviso update-01-banner"
  "25-atualizacao-progresso update-02-progress"
  "26-sobre-sair about-04-quit"
)
missing=0
for pair in "${pictures[@]}"; do
  set -- $pair
  if [ ! -f "$from/$2.png" ]; then
    echo "missing: $from/$2.png (run scripts/test.sh first)" >&2
    missing=1
  fi
done
[ "$missing" = 0 ] || exit 1
# Only the pictures listed here are replaced: others in the folder (the Windows installer's,
# from scripts/windows/installer-screenshot.sh) are not the end-to-end tests' to remove.
for pair in "${pictures[@]}"; do
  set -- $pair
  cp "$from/$2.png" "$to/$1.png"
done
echo "${#pictures[@]} screenshots copied to $to"
