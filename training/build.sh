#!/usr/bin/env bash
# Rebuild the embedded model from ../shared/data (or $ACCORDI_DATA) in one command:
#   bash training/build.sh
# Intermediate files go to training/work/ (gitignored); the model to pipeline/model/it_accordi_news.
# One training process at a time, one thread each (the steps are capped in the configs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p training/work/logs
start=$(date +%s)
"$PY" training/convert.py
"$PY" -m spacy train training/configs/ner.cfg --output training/work/ner 2>&1 | tee training/work/logs/ner.log
"$PY" -m spacy train training/configs/ner-more.cfg --output training/work/ner2 2>&1 | tee training/work/logs/ner2.log
"$PY" -m spacy train training/configs/ud.cfg --output training/work/ud 2>&1 | tee training/work/logs/ud.log
"$PY" -m spacy train training/configs/ud-more.cfg --output training/work/ud2 2>&1 | tee training/work/logs/ud2.log
minutes=$(( ($(date +%s) - start) / 60 ))
"$PY" training/assemble.py --ner training/work/ner2/model-best --ud training/work/ud2/model-best
"$PY" training/evaluate.py --write-meta --train-minutes "$minutes"
du -sh pipeline/model/it_accordi_news
