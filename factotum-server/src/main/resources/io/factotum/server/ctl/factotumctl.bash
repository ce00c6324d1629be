# bash completion for factotumctl: source <(factotumctl completion bash)
_factotumctl() {
    local cur prev words cword
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local commands="submit list show logs cancel resume status drain run watch completion help"
    local globals="--server --token --json --progress --no-progress --help"
    case "$prev" in
        --server|--token|--name|--limit|--after) return 0 ;;
        --state) COMPREPLY=($(compgen -W "QUEUED WORKING DONE" -- "$cur")); return 0 ;;
        completion) COMPREPLY=($(compgen -W "bash" -- "$cur")); return 0 ;;
    esac
    local i command=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            --server|--token) ((i++)) ;;
            -*) ;;
            *) command="${COMP_WORDS[i]}"; break ;;
        esac
    done
    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "$commands $globals" -- "$cur"))
        return 0
    fi
    case "$command" in
        submit) COMPREPLY=($(compgen -W "--name --wait" -- "$cur") $(compgen -f -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "--state --limit --after" -- "$cur")) ;;
        logs) COMPREPLY=($(compgen -W "-f --follow" -- "$cur")) ;;
        watch) COMPREPLY=($(compgen -W "--exit-when-idle" -- "$cur")) ;;
    esac
    return 0
}
complete -F _factotumctl factotumctl
