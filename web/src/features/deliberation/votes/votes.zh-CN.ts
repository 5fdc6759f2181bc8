// Chinese (the first language): the texts of the owners' votes feature (业主共同决定). Every key must
// also be in votes.en.ts (its type checks it); merged into i18next's resources in app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const votesZh = {
  votes: {
    matter: "表决事项：{{name}}",
    majorRule: "本事项须参与表决的面积和人数都达到四分之三以上同意",
    ordinaryRule: "本事项须参与表决的面积和人数都过半数同意",
    myShare: "您名下 {{parts}} 套房屋，专有部分面积 {{area}} 平方米，计一票",
    progress: "第 {{n}}/{{total}} 项",
    yes: "同意",
    no: "反对",
    abstain: "弃权",
    prev: "上一项",
    next: "下一项",
    review: "核对我的选择",
    reviewTitle: "请核对您的选择",
    change: "修改",
    submit: "确认投票",
    choose: "请选择同意、反对或弃权",
    doneTitle: "投票成功",
    doneText: "截止前您还可以修改。请保存回执码：",
    changedText: "已改票。截止前您还可以修改。请保存回执码：",
    receipt: "回执码 {{code}}",
    voted: "您已投票（{{channel}}），回执码 {{code}}",
    channelOnline: "线上",
    channelPaper: "纸质票",
    channelProxy: "委托投票",
    pending: "纸质票待第二位工作人员核对后计入",
    changeVote: "修改我的投票",
    closed: "表决不在投票时间内",
    closesAt: "截止：{{at}}",
  },
};
export type VotesMessages = Widen<typeof votesZh>;
