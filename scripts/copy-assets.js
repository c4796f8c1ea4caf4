#!/usr/bin/env node
// Copies the data files the build needs beside the compiled code (tsc copies only what is imported).
import { cpSync } from 'node:fs';

cpSync(
  new URL('../src/aws/model/data/', import.meta.url),
  new URL('../dist/aws/model/data/', import.meta.url),
  { recursive: true },
);
