#!/usr/bin/env node
// Entry point of `npx trottoir`: the sources are TypeScript, compiled in memory by SWC as they load
// (with decorator metadata, which NestJS dependency injection needs), so there is no build step to forget.
'use strict';
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.resolve(__dirname, '../../../tsconfig.base.json');
require('@swc-node/register');
require('../src/main.ts');
