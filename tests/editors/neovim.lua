-- End-to-end test in a real Neovim: starts `apigw-lint server` with vim.lsp.start, opens a
-- template, waits for its diagnostics, applies the quick fix of one of them and waits until that
-- diagnostic is gone. Usage: nvim --headless --clean -l neovim.lua APIGW_LINT TEMPLATE CODE
local bin, template, code = arg[1], arg[2], arg[3]

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  os.exit(1)
end

local function say(line)
  io.stdout:write(line .. '\n')
end

local function wait_for(what, predicate)
  if not vim.wait(15000, predicate, 20) then
    fail('timed out waiting for ' .. what)
  end
end

vim.cmd.edit(template)
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start({
  name = 'apigw-lint',
  cmd = { bin, 'server' },
  root_dir = vim.fs.dirname(template),
}, { bufnr = buf })
if not client_id then
  fail('the server did not start')
end
local client = vim.lsp.get_client_by_id(client_id)

local function find(wanted)
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    if diagnostic.code == wanted then
      return diagnostic
    end
  end
end

wait_for('diagnostics', function() return find(code) ~= nil end)
local codes = {}
for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
  table.insert(codes, string.format('%s@%d:%d', diagnostic.code, diagnostic.lnum + 1, diagnostic.col + 1))
end
table.sort(codes)
say('diagnostics: ' .. table.concat(codes, ' '))

local diagnostic = find(code)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = {
    start = { line = diagnostic.lnum, character = diagnostic.col },
    ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
  },
  context = { diagnostics = {}, only = { 'quickfix' } },
}
local response = client:request_sync('textDocument/codeAction', params, 10000, buf)
if not response or response.err then
  fail('codeAction failed: ' .. vim.inspect(response))
end
-- The preferred quick fix of the diagnostic, as an editor's "apply fix" picks it.
local action
for _, candidate in ipairs(response.result or {}) do
  if candidate.diagnostics and candidate.diagnostics[1].code == code and candidate.isPreferred then
    action = candidate
    break
  end
end
if not action then
  fail('no quick fix for ' .. code .. ' in ' .. vim.inspect(response.result))
end
say('applying: ' .. action.title)
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
wait_for(code .. ' to clear after the fix', function() return find(code) == nil end)
say('cleared: ' .. code)
client:stop()
os.exit(0)
