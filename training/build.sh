#!/usr/bin/env bash
# Rebuild the embedded model from ../shared/data (or $ACCORDI_DATA) in one command:
#   bash training/build.sh
# Intermediate files go to training/work/ (gitignored); the model to pipeline/model/it_accordi_news.
# One training process at a time, one thread each (epochs/steps are capped in the configs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p training/work/logs
start=$(date +%s)
"$PY" training/convert.py
# characters objective on the raw KIND+UD train/dev text; the weights start the NER tok2vec
rm -rf training/work/pretrain
"$PY" -m spacy pretrain training/configs/ner.cfg training/work/pretrain 2>&1 | tee training/work/logs/pretrain.log
PRETRAINED=training/work/pretrain/model-last.bin
"$PY" -m spacy train training/configs/ner.cfg --output training/work/ner --paths.init_tok2vec "$PRETRAINED" 2>&1 | tee training/work/logs/ner.log
"$PY" -m spacy train training/configs/ner-more.cfg --output training/work/ner2 2>&1 | tee training/work/logs/ner2.log
# morphology + parser: the same pretrained weights start its tok2vec; a small parser (hidden 64) for speed
"$PY" -m spacy train training/configs/ud-fast.cfg --output training/work/ud-fast --paths.init_tok2vec "$PRETRAINED" 2>&1 | tee training/work/logs/ud-fast.log
"$PY" -m spacy train training/configs/ud-fast-more.cfg --output training/work/ud-fast2 2>&1 | tee training/work/logs/ud-fast2.log
# the morphology of accordi's default run: its own narrow tok2vec (width 64, depth 2), no pretrained weights
"$PY" -m spacy train training/configs/morph-fast.cfg --output training/work/morph-fast 2>&1 | tee training/work/logs/morph-fast.log
minutes=$(( ($(date +%s) - start) / 60 ))
"$PY" training/assemble.py
"$PY" training/evaluate.py --write-meta --train-minutes "$minutes"
du -sh pipeline/model/it_accordi_news
