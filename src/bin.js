#!/usr/bin/env node
// The `c3d-mock` command: runs the TypeScript CLI through tsx until the package ships compiled code.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
