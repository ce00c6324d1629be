# bash completion for factotumctl: source <(factotumctl completion bash)
_factotumctl() {
    local cur prev words cword
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    local commands="submit list show logs cancel resume status drain run watch schedules schedule completion help"
    local globals="--server --token --json --progress --no-progress --help"
    case "$prev" in
        --server|--token|--name|--limit|--after|--cron|--time-zone|--job-name) return 0 ;;
        --overlap) COMPREPLY=($(compgen -W "skip queue allow" -- "$cur")); return 0 ;;
        --misfire) COMPREPLY=($(compgen -W "once skip catch-up:" -- "$cur")); return 0 ;;
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
        list) COMPREPLY=($(compgen -W "--state --name --since --until --limit --after" -- "$cur")) ;;
        logs) COMPREPLY=($(compgen -W "-f --follow" -- "$cur")) ;;
        watch) COMPREPLY=($(compgen -W "--exit-when-idle" -- "$cur")) ;;
        schedule)
            if [ "$prev" = schedule ]; then
                COMPREPLY=($(compgen -W "show create delete pause resume" -- "$cur"))
            elif [ "${COMP_WORDS[i+1]}" = create ] && [ "$prev" != create ]; then
                COMPREPLY=($(compgen -W "--cron --time-zone --overlap --misfire --job-name" -- "$cur") $(compgen -f -- "$cur"))
            fi ;;
    esac
    return 0
}
complete -F _factotumctl factotumctl
