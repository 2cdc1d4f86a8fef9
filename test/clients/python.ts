/**
 * The Python clients' interpreters: Debian's python3 (with Debian's python3-kafka 2.0.2) and the
 * suite's venv (.cache/clients/venv: confluent-kafka and the current kafka-python from PyPI,
 * test/clients/py/requirements.txt), both installed by test/clients/setup-tools.sh.
 */
import path from 'node:path'
import { ROOT } from '../kafka/harness.js'
import { runTool } from './tool.js'

/** Debian's interpreter: its dist-packages hold python3-kafka. */
export const DEBIAN_PYTHON = '/usr/bin/python3'
/** The venv's interpreter. */
export const VENV_PYTHON = path.join(ROOT, '.cache', 'clients', 'venv', 'bin', 'python')
/** The drivers' folder. */
export const PY_DIR = path.join(ROOT, 'test', 'clients', 'py')

// -s: no user site-packages, so each interpreter sees only its own install.
/** Runs `script` (a file of test/clients/py) with `python`, `input` on stdin. */
export function runPython(python: string, script: string, input: string): Promise<string> {
  return runTool(python, ['-s', path.join(PY_DIR, script)], { input })
}

/** `module.__version__` as `python` imports it (the test asserts it: the right client ran). */
export async function pythonModuleVersion(python: string, module: string): Promise<string> {
  return (await runTool(python, ['-s', '-c', `import ${module}; print(${module}.__version__)`])).trim()
}
